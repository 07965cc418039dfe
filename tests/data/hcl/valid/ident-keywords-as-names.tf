for = 1
if = 2
in = 3
true_x = 4
