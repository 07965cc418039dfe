a = (var.x).y
b = (var.l)[0]
