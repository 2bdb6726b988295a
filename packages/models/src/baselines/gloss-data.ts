/**
 * A small Chinese → English word list written for the offline baselines (not taken from any dictionary):
 * `zh:english` pairs separated by `;`. An empty English side drops the word (particles). Used by the WMT
 * `gloss` baseline (word-by-word glossing) and by the CSpider `template-sql` baseline (linking question words
 * to the English table and column names of the schema).
 */
const GENERAL = `
的:;了:;吗:;呢:;吧:;啊:;着:;过:;之:of;地:;得:;
是:is;在:in;和:and;与:and;及:and;以及:and;或:or;或者:or;但:but;但是:but;而:and;而且:and;也:also;都:all;还:also;又:again;
就:then;才:only;只:only;已经:already;已:already;正在:is;将:will;会:will;要:will;能:can;可以:can;可能:may;应该:should;必须:must;需要:need;
不:not;没有:no;没:not;无:no;非常:very;很:very;更:more;最:most;太:too;
我:I;我们:we;你:you;你们:you;他:he;她:she;它:it;他们:they;她们:they;自己:self;大家:everyone;
这:this;这个:this;这些:these;那:that;那个:that;那些:those;其:its;该:the;此:this;每:every;每个:each;所有:all;一些:some;其他:other;
一:one;二:two;两:two;三:three;四:four;五:five;六:six;七:seven;八:eight;九:nine;十:ten;百:hundred;千:thousand;万:ten thousand;亿:hundred million;
一个:a;第一:first;第二:second;多:many;少:few;几:several;许多:many;很多:many;
年:year;月:month;日:day;天:day;今天:today;昨天:yesterday;明天:tomorrow;今年:this year;去年:last year;时间:time;时候:time;目前:currently;现在:now;以来:since;之后:after;以后:after;之前:before;以前:before;期间:during;
对:to;向:to;到:to;从:from;自:from;为:for;为了:for;给:to;被:by;把:;让:let;由:by;以:with;用:use;于:in;在于:lies in;关于:about;根据:according to;通过:through;随着:with;
上:on;下:under;中:in;内:in;外:outside;里:in;前:before;后:after;间:between;
说:said;表示:said;认为:believe;指出:pointed out;称:said;告诉:told;问:asked;回答:answered;宣布:announced;报道:reported;介绍:introduced;强调:stressed;
有:have;没有:no;做:do;进行:carry out;开始:start;结束:end;举行:held;发生:happened;出现:appeared;成为:become;变得:become;继续:continue;提高:improve;增加:increase;减少:reduce;增长:growth;下降:decline;上涨:rise;提升:improve;影响:impact;
发展:development;建设:construction;合作:cooperation;支持:support;推动:promote;加强:strengthen;提供:provide;参加:attend;参与:participate;保护:protect;实现:achieve;
来:come;去:go;看:see;看到:saw;听:hear;想:think;知道:know;觉得:feel;希望:hope;喜欢:like;买:buy;卖:sell;吃:eat;住:live;工作:work;学习:study;生活:life;
大:big;小:small;新:new;老:old;好:good;坏:bad;高:high;低:low;长:long;短:short;重要:important;主要:main;全国:national;国际:international;全球:global;世界:world;
中国:China;美国:the United States;日本:Japan;英国:Britain;法国:France;德国:Germany;俄罗斯:Russia;印度:India;韩国:South Korea;欧洲:Europe;亚洲:Asia;非洲:Africa;北京:Beijing;上海:Shanghai;香港:Hong Kong;台湾:Taiwan;
国家:country;政府:government;经济:economy;社会:society;市场:market;公司:company;企业:enterprise;银行:bank;投资:investment;价格:price;美元:dollars;元:yuan;
人:people;人们:people;人民:people;群众:the public;孩子:children;学生:student;老师:teacher;医生:doctor;警方:police;警察:police;总统:president;主席:chairman;部长:minister;
疫情:epidemic;病毒:virus;新冠:COVID-19;疫苗:vaccine;医院:hospital;健康:health;病例:cases;患者:patients;死亡:death;
问题:problem;情况:situation;工作:work;活动:activity;会议:meeting;计划:plan;项目:project;政策:policy;法律:law;安全:security;技术:technology;科技:science and technology;
城市:city;地区:region;农村:rural;家:home;家庭:family;学校:school;大学:university;网络:network;互联网:Internet;手机:mobile phone;电影:film;音乐:music;比赛:match;球队:team;
记者:reporter;新闻:news;消息:news;媒体:media;数据:data;信息:information;报告:report;研究:research;调查:investigation;
`;

/** Extra entries that link CSpider question words to schema vocabulary. */
const SCHEMA = `
名字:name;名称:name;姓名:name;名:name;叫什么:name;年龄:age;岁:age;年轻:age young;年长:age old;年纪:age;国籍:nationality;性别:gender sex;生日:birthday birth date;出生:birth;
编号:id;标识:id;代码:code;号码:number;数量:count number;人数:number;总数:count;地址:address;电话:phone;邮箱:email;电子邮件:email;
日期:date;年份:year;时长:duration;身高:height;体重:weight;工资:salary;薪水:salary;预算:budget;收入:revenue income;成本:cost;费用:fee cost;金额:amount;
类型:type;类别:category type;种类:type kind;状态:status;描述:description;细节:details;详细:details;级别:level grade rank;等级:rank grade level;排名:rank ranking;评分:rating score;分数:score grade;成绩:grade score;
歌手:singer;歌曲:song;歌:song;演唱会:concert;体育场:stadium;场馆:stadium;容量:capacity;座位:seats capacity;
学生:student;老师:teacher;教师:teacher;教授:professor;课程:course;班级:class;系:department;部门:department;专业:major;宿舍:dorm;学院:college;
员工:employee staff;雇员:employee;职员:staff;经理:manager;客户:customer;顾客:customer;订单:order;产品:product;商品:product item;商店:store shop;店:shop store;
书:book;书店:store bookstore;作者:author;标题:title;书名:title;出版:publication;出版社:publisher;
电影:film movie;演员:actor;导演:director;节目:program show;频道:channel;电视:tv;
球员:player;运动员:athlete player;选手:player;比赛:match game competition;球队:team;俱乐部:club;联赛:league;冠军:champion winner;
航班:flight;机场:airport;航空公司:airline;飞机:aircraft;司机:driver;汽车:car;车:car;火车:train;车站:station;站:station;线路:line route;地铁:metro;
医生:doctor physician;病人:patient;医院:hospital;诊所:clinic;科室:department;预约:appointment;
城市:city;国家:country;地区:region;州:state;省:province;县:county;街道:street;位置:location;地点:location;
公司:company;行业:industry;总部:headquarters;
房间:room;建筑:building;公寓:apartment;楼:building;
宠物:pet;狗:dog;猫:cat;动物:animal;
会员:member;成员:member;用户:user;账户:account;账号:account;密码:password;
付款:payment;支付:payment;交易:transaction;发票:invoice;价格:price;价钱:price;
事件:event;活动:activity event;会议:conference meeting;项目:project;任务:task;文件:document;文档:document;
开始:start;结束:end;时间:time;
奖金:bonus;招聘:hiring;评审:evaluation;评估:evaluation;模板:template;版本:version;版本号:version number;制造商:maker manufacturer;厂商:maker;型号:model;
人口:population;面积:area;语言:language;大陆:continent;官方:official;寿命:life expectancy;独立:independence;
课:course;考试:exam;宠物:pet;重量:weight;品种:breed;主人:owner;所有者:owner;
家乡:hometown;故乡:hometown;段落:paragraph;说明:description;胜利者:winner;赢家:winner;获胜者:winner;失败者:loser;输家:loser;票:ticket;票数:ticket;受伤:injured;死亡人数:killed;伤亡:killed injured;航线:route;起飞:departure;到达:arrival;目的地:destination;来源:source;
`;

function parse(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of text.split(/[;\n]/)) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const colon = trimmed.indexOf(':');
    if (colon <= 0) continue;
    out.set(trimmed.slice(0, colon), trimmed.slice(colon + 1).trim());
  }
  return out;
}

/** General word glosses (WMT `gloss`). */
export const GENERAL_GLOSS: ReadonlyMap<string, string> = parse(GENERAL);

/** Schema-vocabulary glosses (CSpider `template-sql`), general entries included; several words = alternatives. */
export const SCHEMA_GLOSS: ReadonlyMap<string, string> = new Map([...parse(GENERAL), ...parse(SCHEMA)]);

/** Greedy longest-match segmentation against a word list: known words and single other characters. */
export function segment(text: string, words: ReadonlyMap<string, string>, maxLength = 4): string[] {
  const chars = [...text];
  const out: string[] = [];
  let i = 0;
  while (i < chars.length) {
    let taken = 1;
    for (let n = Math.min(maxLength, chars.length - i); n >= 2; n--) {
      if (words.has(chars.slice(i, i + n).join(''))) {
        taken = n;
        break;
      }
    }
    out.push(chars.slice(i, i + taken).join(''));
    i += taken;
  }
  return out;
}
