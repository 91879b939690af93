# Tafila takes Balqa's versions; it has no sewage network in most villages,
# so sewage overflow complaints go to the municipality instead.
locals {
  sms_sender = "TafilaWater"
}

tenant "tafila" {
  name_ar = "الطفيلة"
  name_en = "Tafila"
  wave    = 2

  service "account_inquiry" {
    version = tenant.balqa.services.account_inquiry.version
    settings = {
      biller_code  = "WAJ-TFL"
      office_phone = "+96232241234"
    }
  }

  service "complaints" {
    version = tenant.balqa.services.complaints.version
    settings = {
      sms_sender = local.sms_sender
      categories = [for c in tenant.balqa.services.complaints.settings.categories : c if c != "sewage_overflow"]
    }
  }

  service "follow_up" {
    version = tenant.balqa.services.follow_up.version
    settings = {
      sms_sender  = local.sms_sender
      sms_api_key = env("SMS_GATEWAY_KEY")
    }
  }
}
