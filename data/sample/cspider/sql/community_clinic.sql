-- community_clinic: appointments at an invented community clinic (written for the readin sample suite, MIT).
CREATE TABLE doctor (
  doctor_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  department TEXT,
  title TEXT,
  years_experience INTEGER
);

CREATE TABLE patient (
  patient_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  gender TEXT,
  birth_year INTEGER,
  city TEXT
);

CREATE TABLE appointment (
  appointment_id INTEGER PRIMARY KEY,
  doctor_id INTEGER,
  patient_id INTEGER,
  appt_date DATE,
  fee REAL,
  status TEXT,
  FOREIGN KEY (doctor_id) REFERENCES doctor(doctor_id),
  FOREIGN KEY (patient_id) REFERENCES patient(patient_id)
);

INSERT INTO doctor VALUES (1, '王明哲', '内科', '主任医师', 24);
INSERT INTO doctor VALUES (2, '李晓雯', '儿科', '主治医师', 9);
INSERT INTO doctor VALUES (3, '赵一鸣', '内科', '住院医师', 3);
INSERT INTO doctor VALUES (4, '孙若兰', '口腔科', '副主任医师', 15);
INSERT INTO doctor VALUES (5, '钱卫东', '全科', '主治医师', 11);

INSERT INTO patient VALUES (1, '张小禾', '女', 1992, '杭州');
INSERT INTO patient VALUES (2, '刘建国', '男', 1958, '宁波');
INSERT INTO patient VALUES (3, '陈思雨', '女', 2016, '杭州');
INSERT INTO patient VALUES (4, '黄志强', '男', 1981, '绍兴');
INSERT INTO patient VALUES (5, '吴佳佳', '女', 1975, '杭州');
INSERT INTO patient VALUES (6, '周子墨', '男', 2019, '宁波');

INSERT INTO appointment VALUES (1, 1, 2, '2024-09-02', 50.0, '已完成');
INSERT INTO appointment VALUES (2, 2, 3, '2024-09-02', 30.0, '已完成');
INSERT INTO appointment VALUES (3, 4, 1, '2024-09-03', 80.0, '已取消');
INSERT INTO appointment VALUES (4, 1, 4, '2024-09-05', 50.0, '已完成');
INSERT INTO appointment VALUES (5, 5, 5, '2024-09-06', 25.0, '已完成');
INSERT INTO appointment VALUES (6, 2, 3, '2024-09-06', 30.0, '待就诊');
INSERT INTO appointment VALUES (7, 3, 2, '2024-09-09', 20.0, '已完成');
INSERT INTO appointment VALUES (8, 4, 5, '2024-09-10', 80.0, '待就诊');
INSERT INTO appointment VALUES (9, 1, 5, '2024-09-12', 50.0, '已完成');
INSERT INTO appointment VALUES (10, 5, 1, '2024-09-13', 25.0, '已取消');
