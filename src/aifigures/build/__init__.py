"""The build: execute the notebooks in reused kernels (runner, fresh_kernel), export the
merged report (export, templates/) and open it in headless Chromium (browser).

Uses the data layer and the views."""
