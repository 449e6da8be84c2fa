"""Demonstration content: a believable resource hub built from real Anap material.

`content` holds the data, `media` generates cover images and documents,
`loader` builds and publishes the pages. Run it with `manage.py load_demo`.
"""
