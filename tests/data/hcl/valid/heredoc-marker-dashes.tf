a = <<my-marker
x
my-marker
