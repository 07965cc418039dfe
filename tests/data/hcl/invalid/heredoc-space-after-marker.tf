a = <<EOF 
line
EOF
