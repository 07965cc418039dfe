resource "aws_iam_role_policy" "compact" {
  role = aws_iam_role.compact.id
  policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "*"}]})
}

locals {
  list = [ "a","b" ]
  map = {a=1,b=2}
}
