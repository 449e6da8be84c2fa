"""The bottom layer: what every app of the hub may import, and which imports none of them.

The base page and its queryset, the StreamField blocks, the site tree, the content version and
the page memo, the per-request middleware, the public address, upload checks and PDF text.
"""
