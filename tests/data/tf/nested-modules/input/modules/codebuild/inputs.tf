variable "name" {
  type = string
}

variable "image" {
  type = string
}
