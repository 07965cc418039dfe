a = <<EOF
x
EOF   
