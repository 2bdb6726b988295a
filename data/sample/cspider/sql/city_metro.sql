-- city_metro: the metro network of an invented city (written for the readin sample suite, MIT).
CREATE TABLE line (
  line_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  color TEXT,
  opened_year INTEGER,
  length_km REAL
);

CREATE TABLE station (
  station_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  district TEXT,
  is_transfer BOOLEAN
);

CREATE TABLE line_station (
  line_id INTEGER,
  station_id INTEGER,
  seq INTEGER,
  PRIMARY KEY (line_id, station_id),
  FOREIGN KEY (line_id) REFERENCES line(line_id),
  FOREIGN KEY (station_id) REFERENCES station(station_id)
);

CREATE TABLE ridership (
  record_id INTEGER PRIMARY KEY,
  station_id INTEGER,
  month TEXT,
  passengers INTEGER,
  FOREIGN KEY (station_id) REFERENCES station(station_id)
);

INSERT INTO line VALUES (1, '1号线', '红色', 2010, 32.4);
INSERT INTO line VALUES (2, '2号线', '蓝色', 2013, 28.1);
INSERT INTO line VALUES (3, '3号线', '绿色', 2018, 41.7);
INSERT INTO line VALUES (4, '机场线', '橙色', 2021, 36.0);

INSERT INTO station VALUES (1, '火车站', '中山区', 1);
INSERT INTO station VALUES (2, '人民广场', '中山区', 1);
INSERT INTO station VALUES (3, '科技园', '高新区', 0);
INSERT INTO station VALUES (4, '体育中心', '东湖区', 1);
INSERT INTO station VALUES (5, '大学城', '高新区', 0);
INSERT INTO station VALUES (6, '东湖公园', '东湖区', 0);
INSERT INTO station VALUES (7, '国际机场', '空港区', 0);
INSERT INTO station VALUES (8, '会展中心', '高新区', 1);

INSERT INTO line_station VALUES (1, 1, 1);
INSERT INTO line_station VALUES (1, 2, 2);
INSERT INTO line_station VALUES (1, 4, 3);
INSERT INTO line_station VALUES (1, 6, 4);
INSERT INTO line_station VALUES (2, 2, 1);
INSERT INTO line_station VALUES (2, 3, 2);
INSERT INTO line_station VALUES (2, 5, 3);
INSERT INTO line_station VALUES (2, 8, 4);
INSERT INTO line_station VALUES (3, 4, 1);
INSERT INTO line_station VALUES (3, 8, 2);
INSERT INTO line_station VALUES (4, 1, 1);
INSERT INTO line_station VALUES (4, 8, 2);
INSERT INTO line_station VALUES (4, 7, 3);

INSERT INTO ridership VALUES (1, 1, '2024-01', 412000);
INSERT INTO ridership VALUES (2, 2, '2024-01', 385000);
INSERT INTO ridership VALUES (3, 3, '2024-01', 156000);
INSERT INTO ridership VALUES (4, 4, '2024-01', 203000);
INSERT INTO ridership VALUES (5, 5, '2024-01', 98000);
INSERT INTO ridership VALUES (6, 7, '2024-01', 120000);
INSERT INTO ridership VALUES (7, 1, '2024-02', 455000);
INSERT INTO ridership VALUES (8, 2, '2024-02', 367000);
INSERT INTO ridership VALUES (9, 8, '2024-02', 174000);
INSERT INTO ridership VALUES (10, 4, '2024-02', 219000);
