variable "unused" {
  type    = string
  default = ""
}

variable "docker_hub_secret_arn" {
  type = string
}

variable "docker_hub_secret_kms_key_arn" {
  type = string
}
