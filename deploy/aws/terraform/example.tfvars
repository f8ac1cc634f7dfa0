# The deployment Pixflow was described with: images kept 7 days, users in many countries behind
# CloudFront. terraform apply -var-file=example.tfvars, with your own values for everything below.

# Bucket names are global: take a name of your own.
name   = "pixflow"
region = "eu-west-1"

# Images expire 7 days after upload, and a deleted or expired original's bytes are gone a day later.
image_ttl_days            = 7
originals_noncurrent_days = 1

# The EKS cluster: its VPC, the database's private subnets, the pods' security group, its OIDC provider.
vpc_id                             = "vpc-0123456789abcdef0"
database_subnet_ids                = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
database_client_security_group_ids = ["sg-0123456789abcdef0"]
eks_oidc_provider_arn              = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E"

# The web UI's origin sends upload parts straight to the bucket.
upload_cors_origins = ["https://pixflow.example.com"]

# Once the Ingress has its load balancer: CloudFront in front of it, as img.example.com.
delivery_origin_domain = "k8s-pixflow-0123456789.eu-west-1.elb.amazonaws.com"
cdn_aliases            = ["img.example.com"]
cdn_certificate_arn    = "arn:aws:acm:us-east-1:111122223333:certificate/REPLACE-WITH-CERTIFICATE-ID"

alarm_actions = ["arn:aws:sns:eu-west-1:111122223333:pixflow-alarms"]
