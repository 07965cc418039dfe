a = !var.x
b = !!true
