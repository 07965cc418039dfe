a = [for x in var.l : x y]
