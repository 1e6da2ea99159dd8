"""The data layer: read the tables, validate them, parse figures as written and write them
back readably (format), convert currency, judge each claim against its primary source, keep
the judged ledger on disk.

Imports nothing from the layers above it (views, build, tools)."""
