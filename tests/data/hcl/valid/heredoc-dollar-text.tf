a = <<EOF
cost $5 and 5%
EOF
