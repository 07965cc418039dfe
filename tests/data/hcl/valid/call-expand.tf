a = concat(var.l...)
b = f(1, var.l...)
