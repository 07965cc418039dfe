a = var.l[*
