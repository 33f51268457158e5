DROP TABLE maintenance_log;
DROP TABLE sessions;
DROP TABLE promotions;
DROP TABLE order_audit;
DROP TABLE order_items;
DROP TABLE orders;
DROP TABLE customers;
