// Real outputs from the releases we import, quoted verbatim, so each scorer's behaviour on real text is pinned.
// ZeroEval (WildEval/ZeroEval, Apache-2.0): result_dirs/gsm and result_dirs/math-l5, file and item id noted.
// BIG-Bench Hard (suzgunmirac/BIG-Bench-Hard, MIT): code-davinci-002-outputs, task, mode and index noted.
import { describe, expect, it } from 'vitest';
import { getScorer } from '../../../src/scorers/index.ts';

const gsm = getScorer('json-answer-number');
const math = getScorer('math-answer');
const bbh = getScorer('bbh-answer');
const mc = getScorer('multiple-choice-letter');

describe('json-answer-number on ZeroEval GSM replies', () => {
  it('gpt-3.5-turbo-0125 #195: "$12" is 12', () => {
    const out =
      '```json\n{\n    "reasoning": "Since a pen costs as much as a pencil and eraser combined, the cost of a pen is $1.20 + $0.30 = $1.50. Therefore, 8 pens will cost 8 * $1.50 = $12.",\n    "answer": "$12"\n}\n```';
    expect(gsm.score(out, '# 12')).toMatchObject({ extracted: 12, correct: true });
  });
  it('Athene-70B #373: bare object, "$240,000" is 240000', () => {
    const out =
      '{\n  "reasoning": "Let\'s break it down step by step. The total cost of equipment is $400,000. 40% of the equipment is faulty, so 60% (1 - 0.4) is functional. The cost of functional equipment is 0.6 \u00d7 $400,000 = $240,000.",\n  "answer": "$240,000"\n}';
    expect(gsm.score(out, '# 240000')).toMatchObject({ extracted: 240000, correct: true });
  });
  it('command-r #766: a JSON number', () => {
    const out =
      '```json\n{\n    "reasoning": "Marissa had $80 and the ball cost $20, leaving her with $60. If she spent all this money on candy bars at $5 each, then she bought 12 candy bars because 60 / 5 = 12.",\n    "answer": 12\n}\n```';
    expect(gsm.score(out, '# 12')).toMatchObject({ extracted: 12, correct: true });
  });
  it('Mixtral-8x7B-Instruct-v0.1 #797: worked arithmetic, the value after the last "="', () => {
    const out =
      '{\n    "reasoning": "First, we need to find out the total length of \'Deck the Halls\' by multiplying its duration by 2 since it will be sung twice. Then, add the duration of \'Jingle Bells\' to the result. This will give us the total caroling time.",\n    "answer": "150 * 2 + 240 = 300 + 240 = 540"\n}';
    expect(gsm.score(out, '# 540')).toMatchObject({ extracted: 540, correct: true });
  });
  it('gemma-2-2b-it #506: "24 / 2 = 12" is 12, not the reference 144', () => {
    const out =
      '```json\n{\n    "reasoning": "First, we need to find the total number of snowshoes needed. Since each dog has 4 legs, and there are 6 dogs, we need 6 * 4 = 24 snowshoes. Then, we know each pair of snowshoes costs $12.00, so we need to divide the total number of snowshoes by the price per pair to find the total cost. ",\n    "answer": "24 / 2 = 12"\n}\n```';
    expect(gsm.score(out, '# 144')).toMatchObject({ extracted: 12, correct: false });
  });
  it('gemini-1.5-pro #706: "9 hours" is 9', () => {
    const out =
      '```json\n{\n    "reasoning": "First find the hourly amount raised: $2100 / 3 hours = $700/hour. Then divide the total goal by the hourly amount to find the total hours: $6300 / $700/hour = 9 hours.",\n    "answer": "9 hours"\n}\n```';
    expect(gsm.score(out, '# 9')).toMatchObject({ extracted: 9, correct: true });
  });
  it('Llama-3.1-405B-Instruct-Turbo #742: no JSON, the closing \\boxed{24} is read', () => {
    const out =
      '## Step 1: Calculate the total number of students in each class.\nSince there are two classes with the same number of students and they total 80 students, we divide the total number of students by 2 to find the number of students in each class. students_per_class = total_students / 2 = 80 / 2 = 40.\n\n## Step 2: Calculate the number of girls in each class.\n40% of the students in each class are girls. To find the number of girls, we multiply the number of students in each class by 0.4. girls_per_class = students_per_class * 0.4 = 40 * 0.4 = 16.\n\n## Step 3: Calculate the number of boys in each class.\nThe number of boys in each class is the total number of students in the class minus the number of girls. boys_per_class = students_per_class - girls_per_class = 40 - 16 = 24.\n\nThe final answer is: $\\boxed{24}$';
    const v = gsm.score(out, '# 24');
    expect(v).toMatchObject({ extracted: 24, correct: true });
    expect(v.notes).toMatch(/boxed/);
  });
});

describe('math-answer on ZeroEval MATH level-5 replies', () => {
  it('Meta-Llama-3-8B-Instruct #30: "-\\frac{1}{6}" is -1/6, not the reference 0', () => {
    const out =
      '{\n    "reasoning": "Since $g(x)=3x+2$, we have $f^{-1}(x)=\\frac{x-2}{3}$.  Since $f^{-1}(x)$ is the inverse of $f(x)=ax+b$, we have $f(x)=\\frac{x-2}{3}$.  Therefore, $a=\\frac{1}{3}$ and $b=-\\frac{2}{3}$.  Thus, $\\frac{a+b}{2}=\\frac{\\frac{1}{3}-\\frac{2}{3}}{2}=\\boxed{-\\frac{1}{6}}$.",\n    "answer": "-\\frac{1}{6}"\n}';
    const v = math.score(out, '0');
    expect(v.correct).toBe(false);
    expect(v.extracted).toBeCloseTo(-1 / 6, 12);
  });
  it('Athene-70B #257: "$3\\sqrt{5}$" is no single number and does not match 6', () => {
    const out =
      '{\n  "reasoning": "The maximum possible distance from $A$ to $P$ occurs when $A$ is as far away from $P$ as possible, i.e., when $A$ lies on the top-left corner of the large square.  In this case, $A=(3,6)$ and $P=(6,0)$, so the maximum distance is $d(A,P) = \\sqrt{(6-3)^2 + (6-0)^2} = \\sqrt{45} = 3\\sqrt{5}.$",\n  "answer": "$3\\sqrt{5}$"\n}';
    expect(math.score(out, '6')).toMatchObject({ extracted: '$3\\sqrt{5}$', correct: false });
  });
  it('o1-mini-2024-09-12 #437: "-221_3" matches the base-3 reference', () => {
    const out =
      '```json\n{\n    "reasoning": "First, convert each base 3 number to base 10:\n\n121\u2083 = 1\u00d73\u00b2 + 2\u00d73\u00b9 + 1\u00d73\u2070 = 9 + 6 + 1 = 16\n\n2122\u2083 = 2\u00d73\u00b3 + 1\u00d73\u00b2 + 2\u00d73\u00b9 + 2\u00d73\u2070 = 54 + 9 + 6 + 2 = 71\n\n1200\u2083 = 1\u00d73\u00b3 + 2\u00d73\u00b2 + 0\u00d73\u00b9 + 0\u00d73\u2070 = 27 + 18 + 0 + 0 = 45\n\n2111\u2083 = 2\u00d73\u00b3 + 1\u00d73\u00b2 + 1\u00d73\u00b9 + 1\u00d73\u2070 = 54 + 9 + 3 + 1 = 67\n\nNow, perform the operation in base 10:\n\n16 + 71 - 45 - 67 = -25\n\nFinally, convert -25 back to base 3. The base 3 representation of 25 is 221\u2083, so the answer is -221\u2083.",\n    "answer": "-221_3"\n}\n```';
    expect(math.score(out, '-221_3').correct).toBe(true);
  });
  it('gemini-1.5-pro #437: "122_3" does not', () => {
    const out =
      '```json\n{\n    "reasoning": "We perform the addition and subtraction in base 3, column by column, carrying over or borrowing whenever necessary:\\n\\n```\\n   1 2 1_3 \\n+ 2 1 2 2_3\\n- 1 2 0 0_3\\n- 2 1 1 1_3\\n-------\\n     1 2 2_3\\n```",\n    "answer": "122_3"\n}\n```';
    expect(math.score(out, '-221_3').correct).toBe(false);
  });
  it('o1-preview-2024-09-12 #270: "17,700" is 17700', () => {
    const out =
      '```json\n{\n    "reasoning": "Since Earth\'s equatorial circumference is 25,100 miles, the circumference at any latitude \u03b8 is given by multiplying the equatorial circumference by cos(\u03b8). At 45 degrees North Latitude, cos(45\u00b0) = \u221a2/2 \u2248 0.7071. Therefore, the circumference through Lena, Wisconsin, is approximately:\\n\\n25,100 miles \u00d7 cos(45\u00b0) \u2248 25,100 miles \u00d7 0.7071 \u2248 17,748 miles.\\n\\nRounded to the nearest hundred miles, the circumference is **17,700 miles**.",\n    "answer": "17,700"\n}\n```';
    expect(math.score(out, '17700')).toMatchObject({ extracted: 17700, correct: true });
  });
  it('chatgpt-4o-latest-24-09-07 #34: the template blank "___" is no answer', () => {
    const out =
      '```json\n{\n    "reasoning": "We are given the function f(x) = (x-2)^2 - 9 / 3. First, we simplify the function. The numerator is (x-2)^2 - 9, which expands to x^2 - 4x + 4 - 9 = x^2 - 4x - 5. So, f(x) = (x^2 - 4x - 5) / 3. Now, we find the x- and y-intercepts. For the y-intercept, we set x = 0 and solve for f(0). For the x-intercepts, we set f(x) = 0 and solve for x. Once we have the intercepts, we can form a polygon by connecting them. The area of the polygon can be calculated using the formula for the area of a triangle. Finally, we compute the area and provide the answer.",\n    "answer": "___"\n}\n```';
    expect(math.score(out, '5')).toMatchObject({ extracted: null, correct: false });
  });
});

describe('bbh-answer and multiple-choice-letter on BBH code-davinci-002 predictions', () => {
  it('object_counting CoT #2', () => {
    const out =
      "We first identify the objects on the list and include their quantity in parentheses:\n- fridge (1)\n- chair (1)\n- microwave (1)\nNow, let's add the numbers in parentheses: 1 + 1 + 1 = 3. So the answer is 3.";
    expect(bbh.score(out, '3')).toMatchObject({ extracted: '3', correct: true });
  });
  it('word_sorting CoT #0', () => {
    const out =
      'The first letter: "syndrome": "s" (19). "therefrom": "t" (20). We now have: (19) "syndrome" < (20) "therefrom". Hence, we have "syndrome" < "therefrom". So the answer is syndrome therefrom.';
    expect(bbh.score(out, 'syndrome therefrom').correct).toBe(true);
  });
  it('dyck_languages answer-only #1: "] ]" is not "] ] >"', () => {
    expect(bbh.score('] ]', '] ] >')).toMatchObject({ extracted: '] ]', correct: false });
  });
  it('date_understanding answer-only #0 and #1', () => {
    expect(bbh.score('(B)', '(B)').correct).toBe(true);
    expect(mc.score('(B)', '(B)').correct).toBe(true);
    expect(bbh.score('(B)', '(A)').correct).toBe(false);
  });
  it('snarks CoT #1: "(A) or (B)" is wrong for both scorers', () => {
    const out =
      "If we look at (A), it says that being happy will make you not depressed anymore. This is a neutral statement.\nIf we look at (B), it says that being happy that you won't be depressed anymore. This is a neutral statement.\nAbove the above, both options are neutral. So the answer is (A) or (B).";
    expect(bbh.score(out, '(A)')).toMatchObject({ extracted: '(A) or (B)', correct: false });
    expect(mc.score(out, '(A)').correct).toBe(false);
  });
});
