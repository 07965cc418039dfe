resource "aws_iam_role_policy" "p" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject"],
      "Resource": "${aws_s3_bucket.b.arn}/*"
    }
  ]
}
EOF
}
