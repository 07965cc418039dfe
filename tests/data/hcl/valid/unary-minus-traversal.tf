a = -var.l[0].x
