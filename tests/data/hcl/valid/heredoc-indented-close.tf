a = <<EOF
  x
    EOF
