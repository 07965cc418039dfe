# c
a = 1 // x
