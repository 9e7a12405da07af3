/**
 * First-level categories of the shipped training data (Teddy Cup 2020
 * appeals), the label set the teacher chooses from unless --categories
 * replaces it.
 */
export const defaultCategories: readonly string[] = [
  '交通运输',
  '劳动和社会保障',
  '卫生计生',
  '商贸旅游',
  '城乡建设',
  '教育文体',
  '环境保护',
];
