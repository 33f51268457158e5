DELETE FROM promotions WHERE code = 'WELCOME';
UPDATE customers SET tier = 'basic';
