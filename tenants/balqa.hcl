# Balqa proved the three e-services: it is the reference tenant, first wave.
locals {
  sms_sender = "BalqaWater"
}

tenant "balqa" {
  name_ar = "البلقاء"
  name_en = "Balqa"
  wave    = 1

  service "account_inquiry" {
    settings = {
      biller_code  = "WAJ-BLQ"
      office_phone = "+96253551234"
    }
  }

  service "complaints" {
    settings = {
      sms_sender  = local.sms_sender
      call_centre = "117116"
    }
  }

  service "follow_up" {
    settings = {
      sms_sender  = local.sms_sender
      sms_api_key = env("SMS_GATEWAY_KEY")
    }
  }
}
