a = var.x.my-attr
