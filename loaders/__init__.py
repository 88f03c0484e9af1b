"""Loaders: turn scholarly records from many sources into canonical Work records and write them."""
