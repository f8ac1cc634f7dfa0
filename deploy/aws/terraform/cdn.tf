# CloudFront in front of the delivery role, once the load balancer of its pods is known
# (var.delivery_origin_domain). /i/* and /t/* are cached by what Pixflow answers; everything else goes
# through uncached, so the API may share the host name.
#
# The cache policies keep what the origin's Cache-Control says (min_ttl 0: max-age, s-maxage, and
# no-store or private, which CloudFront then does not cache); default_ttl is only for an answer without one.

resource "aws_cloudfront_cache_policy" "images" {
  name        = "${var.name}-images"
  comment     = "/i/{id}/{variant}: the path, and the query string of signed links (exp, sig)"
  min_ttl     = 0
  default_ttl = 86400
  max_ttl     = 31536000

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_brotli = false
    enable_accept_encoding_gzip   = false

    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "whitelist"
      query_strings {
        items = ["exp", "sig"]
      }
    }
  }
}

resource "aws_cloudfront_cache_policy" "transformations" {
  name        = "${var.name}-transformations"
  comment     = "/t/...: the path, and Accept, which f:auto picks the format from"
  min_ttl     = 0
  default_ttl = 86400
  max_ttl     = 31536000

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_brotli = false
    enable_accept_encoding_gzip   = false

    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "whitelist"
      headers {
        items = ["Accept"]
      }
    }
    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

data "aws_cloudfront_cache_policy" "caching_disabled" {
  name = "Managed-CachingDisabled"
}

data "aws_cloudfront_origin_request_policy" "all_viewer" {
  name = "Managed-AllViewerExceptHostHeader"
}

locals {
  delivery_origin = "pixflow-delivery"
}

resource "aws_cloudfront_distribution" "delivery" {
  count = var.delivery_origin_domain == null ? 0 : 1

  enabled         = true
  comment         = "${var.name}: images from the delivery role"
  aliases         = var.cdn_aliases
  price_class     = var.cdn_price_class
  http_version    = "http2and3"
  is_ipv6_enabled = true

  origin {
    origin_id   = local.delivery_origin
    domain_name = var.delivery_origin_domain

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/i/*"
    target_origin_id       = local.delivery_origin
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD", "OPTIONS"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = aws_cloudfront_cache_policy.images.id
    compress               = false
  }

  ordered_cache_behavior {
    path_pattern           = "/t/*"
    target_origin_id       = local.delivery_origin
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD", "OPTIONS"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = aws_cloudfront_cache_policy.transformations.id
    compress               = false
  }

  default_cache_behavior {
    target_origin_id         = local.delivery_origin
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods           = ["GET", "HEAD"]
    cache_policy_id          = data.aws_cloudfront_cache_policy.caching_disabled.id
    origin_request_policy_id = data.aws_cloudfront_origin_request_policy.all_viewer.id
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = var.cdn_certificate_arn == null
    acm_certificate_arn            = var.cdn_certificate_arn
    ssl_support_method             = var.cdn_certificate_arn == null ? null : "sni-only"
    minimum_protocol_version       = var.cdn_certificate_arn == null ? "TLSv1" : "TLSv1.2_2021"
  }
}
