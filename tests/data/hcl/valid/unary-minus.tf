a = -1
b = -var.x
c = - - 1
