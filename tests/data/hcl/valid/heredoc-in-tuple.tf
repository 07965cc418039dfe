a = [
  <<EOF
x
EOF
  ,
  2,
]
