a = [for in var.l : 1]
