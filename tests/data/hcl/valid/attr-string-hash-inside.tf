a = "# not a comment // nor this /* nor */"
