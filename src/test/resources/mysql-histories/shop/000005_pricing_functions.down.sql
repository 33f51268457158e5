DROP FUNCTION next_business_day;
DROP FUNCTION order_label;
DROP FUNCTION active_promotions;
DROP FUNCTION discount_rate;
