"""Commands beside the build: the figure extractor and the coverage check, the benchmark
with its synthetic ledgers, and the environment.yml generator.

Use the data layer and the views; the benchmark also drives the build it measures."""
