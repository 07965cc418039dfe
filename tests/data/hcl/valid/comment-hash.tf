# hello
a = 1 # trailing
