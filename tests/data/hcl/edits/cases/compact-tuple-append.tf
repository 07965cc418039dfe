resource "aws_iam_role_policy" "compact" {
  role = aws_iam_role.compact.id
  policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = ["s3:GetObject"], Resource = "*"}]})
}

locals {
  list = [ "a","b", "c" ]
  map = {a=1,b=2}
}
