"""What the notebooks call: the tables they show (analysis), every displayed value (format),
the charts (charts), the plot style and saving (plots) and the escaped HTML tables (show).

Uses the data layer; never the build or the tools."""
