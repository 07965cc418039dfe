provider "aws" {
  alias  = "east"
  region = "us-east-1"
}

resource "x" "y" {
  provider = aws.east
}
