variable "x" {
  default = 1
  type    = number
}