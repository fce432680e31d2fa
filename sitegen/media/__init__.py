"""The media step: the images of figures checked and published, charts drawn as SVG."""
