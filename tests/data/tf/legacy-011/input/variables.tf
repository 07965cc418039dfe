variable "region" {
  type    = "string"
  default = "us-east-1"
}

variable "image" {
  type    = "string"
  default = "maven:3.9"
}
