a = -1 + -2
b = !var.a && !var.b
