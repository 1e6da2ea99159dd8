"""What the notebooks call: the tables they show (analysis), the findings at the top
(findings), the charts (charts), the plot style and saving (plots), the escaped, linkable HTML
tables (show) and each verdict's name and colour (verdict_style).

Uses the data layer; never the build or the tools."""
