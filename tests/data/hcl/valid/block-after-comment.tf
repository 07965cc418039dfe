# c
a {}
