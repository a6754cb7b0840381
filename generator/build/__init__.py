"""Stage 6, build: run a site engine over the rendered pages in a staging folder."""
