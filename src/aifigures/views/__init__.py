"""What the notebooks call: the tables the report shows (report_tables), the findings at the top
(findings), the section ledes (ledes), the charts drawn (charts) and laid out, saved and shown
(chart_export), the escaped, linkable HTML of tables and fragments (markup) and each verdict's
name and colour (verdict_style).

Uses the data layer; never the build or the tools."""
