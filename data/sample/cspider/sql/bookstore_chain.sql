-- bookstore_chain: an invented chain of bookshops (written for the readin sample suite, MIT).
CREATE TABLE store (
  store_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  city TEXT NOT NULL,
  opened_year INTEGER,
  area_sqm REAL
);

CREATE TABLE author (
  author_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  nationality TEXT,
  birth_year INTEGER
);

CREATE TABLE book (
  book_id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  author_id INTEGER,
  category TEXT,
  price REAL,
  publish_year INTEGER,
  FOREIGN KEY (author_id) REFERENCES author(author_id)
);

CREATE TABLE sale (
  sale_id INTEGER PRIMARY KEY,
  store_id INTEGER,
  book_id INTEGER,
  sale_date DATE,
  copies INTEGER,
  FOREIGN KEY (store_id) REFERENCES store(store_id),
  FOREIGN KEY (book_id) REFERENCES book(book_id)
);

INSERT INTO store VALUES (1, '湖畔书屋', '杭州', 2008, 320.5);
INSERT INTO store VALUES (2, '半山书局', '杭州', 2015, 180.0);
INSERT INTO store VALUES (3, '青石书店', '苏州', 2011, 260.0);
INSERT INTO store VALUES (4, '北窗书房', '南京', 2019, 145.5);
INSERT INTO store VALUES (5, '拾光书社', '成都', 2012, 410.0);

INSERT INTO author VALUES (1, '林知远', '中国', 1978);
INSERT INTO author VALUES (2, '周晚晴', '中国', 1985);
INSERT INTO author VALUES (3, 'Maria Keller', '德国', 1969);
INSERT INTO author VALUES (4, '陈砚', '中国', 1990);
INSERT INTO author VALUES (5, 'Tom Hayes', '英国', 1958);

INSERT INTO book VALUES (1, '山间来信', 2, '小说', 42.0, 2018);
INSERT INTO book VALUES (2, '代码里的诗', 1, '科技', 68.0, 2020);
INSERT INTO book VALUES (3, '河流的形状', 3, '科普', 55.0, 2016);
INSERT INTO book VALUES (4, '夜航', 2, '小说', 39.5, 2021);
INSERT INTO book VALUES (5, '给孩子的天文课', 4, '少儿', 29.9, 2022);
INSERT INTO book VALUES (6, '雾中的灯塔', 5, '小说', 48.0, 2010);
INSERT INTO book VALUES (7, '城市的呼吸', 3, '科普', 59.0, 2019);
INSERT INTO book VALUES (8, '从零开始学Rust', 1, '科技', 89.0, 2023);

INSERT INTO sale VALUES (1, 1, 1, '2024-03-02', 12);
INSERT INTO sale VALUES (2, 1, 2, '2024-03-05', 4);
INSERT INTO sale VALUES (3, 2, 1, '2024-03-07', 7);
INSERT INTO sale VALUES (4, 3, 3, '2024-03-09', 5);
INSERT INTO sale VALUES (5, 3, 4, '2024-04-01', 9);
INSERT INTO sale VALUES (6, 4, 5, '2024-04-03', 15);
INSERT INTO sale VALUES (7, 5, 6, '2024-04-06', 3);
INSERT INTO sale VALUES (8, 5, 1, '2024-04-10', 8);
INSERT INTO sale VALUES (9, 1, 7, '2024-05-12', 6);
INSERT INTO sale VALUES (10, 2, 2, '2024-05-15', 2);
INSERT INTO sale VALUES (11, 5, 5, '2024-05-20', 11);
INSERT INTO sale VALUES (12, 3, 1, '2024-06-01', 10);
