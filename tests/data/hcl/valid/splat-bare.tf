a = var.l[*]
b = var.l.*
