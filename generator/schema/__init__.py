"""The schemas of the content model, read once into a typed set, and the built-in metric library."""
