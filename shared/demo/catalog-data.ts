import type { Unit } from '../domain/units';

/**
 * What a Beirut mini-market sells, by category. Each template becomes many products through brand and size
 * variants; prices are USD cents per selling unit (per kg for produce sold by weight).
 */
export interface ProductTemplate {
  item: string;
  unit: Unit;
  /** each per case, for goods received (or sold) by the case */
  packSize: number | null;
  sizes: readonly string[];
  /** price range in cents for one selling unit */
  price: readonly [number, number];
}

export interface Category {
  key: string;
  skuPrefix: string;
  brands: readonly string[];
  templates: readonly ProductTemplate[];
  /** initial stock per store in whole selling units (kg for weighed goods) */
  stock: readonly [number, number];
  /** share of products (percent) that start at or below their low-stock threshold, so the demo shows alerts */
  lowPercent: number;
  leadTimeDays: readonly [number, number];
}

export const CATEGORIES: readonly Category[] = [
  {
    key: 'groceries',
    skuPrefix: 'GRO',
    brands: ['Al Wadi', 'Cortas', 'Chtoura Garden', 'Maliban', 'Gandour', 'Durra', 'Kasih', 'Al Rabih'],
    templates: [
      { item: 'Basmati Rice', unit: 'each', packSize: 10, sizes: ['1 kg', '2 kg', '5 kg'], price: [199, 1299] },
      { item: 'Egyptian Rice', unit: 'each', packSize: 10, sizes: ['1 kg', '2 kg'], price: [149, 499] },
      { item: 'Bulgur Fine', unit: 'each', packSize: 12, sizes: ['500 g', '1 kg'], price: [99, 299] },
      { item: 'Lentils Red', unit: 'each', packSize: 12, sizes: ['500 g', '1 kg'], price: [129, 349] },
      { item: 'Chickpeas', unit: 'each', packSize: 24, sizes: ['400 g can', '1 kg'], price: [89, 399] },
      { item: 'Fava Beans', unit: 'each', packSize: 24, sizes: ['400 g can'], price: [89, 199] },
      { item: 'Tahini', unit: 'each', packSize: 12, sizes: ['450 g', '900 g'], price: [349, 899] },
      { item: 'Olive Oil Extra Virgin', unit: 'each', packSize: 12, sizes: ['500 ml', '1 l', '3 l'], price: [599, 2999] },
      { item: 'Sunflower Oil', unit: 'each', packSize: 12, sizes: ['1 l', '1.8 l'], price: [299, 649] },
      { item: 'Pasta Spaghetti', unit: 'each', packSize: 20, sizes: ['500 g'], price: [79, 199] },
      { item: 'Sugar White', unit: 'each', packSize: 10, sizes: ['1 kg', '2 kg'], price: [99, 299] },
      { item: 'Flour All Purpose', unit: 'each', packSize: 10, sizes: ['1 kg', '2 kg'], price: [99, 299] },
      { item: 'Za\'atar Mix', unit: 'each', packSize: 24, sizes: ['200 g', '500 g'], price: [199, 699] },
      { item: 'Pomegranate Molasses', unit: 'each', packSize: 12, sizes: ['300 ml', '500 ml'], price: [249, 549] },
      { item: 'Apricot Jam', unit: 'each', packSize: 12, sizes: ['450 g'], price: [199, 449] },
      { item: 'Tuna in Oil', unit: 'each', packSize: 48, sizes: ['160 g can'], price: [149, 349] },
      { item: 'Halawa Plain', unit: 'each', packSize: 12, sizes: ['500 g', '1 kg'], price: [299, 799] },
      { item: 'Black Tea', unit: 'each', packSize: 24, sizes: ['100 bags', '250 g'], price: [249, 699] },
      { item: 'Turkish Coffee', unit: 'each', packSize: 24, sizes: ['200 g', '450 g'], price: [399, 999] },
    ],
    stock: [6, 80],
    lowPercent: 8,
    leadTimeDays: [2, 10],
  },
  {
    key: 'dairy',
    skuPrefix: 'DAI',
    brands: ['Taanayel', 'Candia', 'Dairy Khoury', 'Puck', 'Almarai', 'Lactimo'],
    templates: [
      { item: 'Fresh Milk Full Cream', unit: 'each', packSize: 12, sizes: ['1 l', '2 l'], price: [149, 399] },
      { item: 'Milk Low Fat', unit: 'each', packSize: 12, sizes: ['1 l'], price: [149, 299] },
      { item: 'Laban', unit: 'each', packSize: 12, sizes: ['1 l', '2 l'], price: [129, 349] },
      { item: 'Labneh', unit: 'each', packSize: 12, sizes: ['500 g', '1 kg'], price: [249, 699] },
      { item: 'Halloumi Cheese', unit: 'each', packSize: 12, sizes: ['250 g'], price: [299, 549] },
      { item: 'Akkawi Cheese', unit: 'kg', packSize: null, sizes: ['loose'], price: [799, 1299] },
      { item: 'Kashkaval Cheese', unit: 'kg', packSize: null, sizes: ['loose'], price: [999, 1599] },
      { item: 'Yogurt Plain', unit: 'each', packSize: 24, sizes: ['170 g', '500 g'], price: [59, 249] },
      { item: 'Butter Unsalted', unit: 'each', packSize: 24, sizes: ['200 g'], price: [299, 499] },
      { item: 'Eggs Free Range', unit: 'each', packSize: 12, sizes: ['6 pcs', '15 pcs', '30 pcs'], price: [199, 899] },
    ],
    stock: [4, 50],
    lowPercent: 12,
    leadTimeDays: [1, 3],
  },
  {
    key: 'produce',
    skuPrefix: 'PRO',
    brands: ['Bekaa', 'Akkar', 'South', 'Mount Lebanon'],
    templates: [
      { item: 'Tomatoes', unit: 'kg', packSize: null, sizes: ['loose'], price: [79, 199] },
      { item: 'Cucumbers', unit: 'kg', packSize: null, sizes: ['loose'], price: [69, 179] },
      { item: 'Potatoes', unit: 'kg', packSize: null, sizes: ['loose'], price: [59, 149] },
      { item: 'Onions', unit: 'kg', packSize: null, sizes: ['loose'], price: [49, 129] },
      { item: 'Lemons', unit: 'kg', packSize: null, sizes: ['loose'], price: [99, 249] },
      { item: 'Apples Red', unit: 'kg', packSize: null, sizes: ['loose'], price: [129, 299] },
      { item: 'Bananas', unit: 'kg', packSize: null, sizes: ['loose'], price: [99, 229] },
      { item: 'Oranges', unit: 'kg', packSize: null, sizes: ['loose'], price: [79, 199] },
      { item: 'Parsley Bunch', unit: 'each', packSize: null, sizes: ['bunch'], price: [25, 79] },
      { item: 'Mint Bunch', unit: 'each', packSize: null, sizes: ['bunch'], price: [25, 79] },
      { item: 'Eggplant', unit: 'kg', packSize: null, sizes: ['loose'], price: [89, 199] },
      { item: 'Zucchini', unit: 'kg', packSize: null, sizes: ['loose'], price: [89, 219] },
    ],
    stock: [10, 60],
    lowPercent: 10,
    leadTimeDays: [1, 2],
  },
  {
    key: 'beverages',
    skuPrefix: 'BEV',
    brands: ['Sohat', 'Tannourine', 'Pepsi', 'Coca-Cola', 'Jallab Co', 'Almaza', 'Bonjus'],
    templates: [
      { item: 'Mineral Water', unit: 'each', packSize: 24, sizes: ['500 ml', '1.5 l'], price: [25, 99] },
      { item: 'Sparkling Water', unit: 'each', packSize: 24, sizes: ['330 ml'], price: [49, 129] },
      { item: 'Cola', unit: 'each', packSize: 24, sizes: ['330 ml can', '1 l', '2.25 l'], price: [59, 249] },
      { item: 'Orange Juice', unit: 'each', packSize: 12, sizes: ['1 l'], price: [199, 449] },
      { item: 'Jallab Syrup', unit: 'each', packSize: 12, sizes: ['750 ml'], price: [299, 599] },
      { item: 'Apricot Nectar', unit: 'each', packSize: 24, sizes: ['250 ml', '1 l'], price: [69, 299] },
      { item: 'Mineral Water Case', unit: 'pack', packSize: 24, sizes: ['24 x 500 ml'], price: [399, 799] },
      { item: 'Cola Case', unit: 'pack', packSize: 24, sizes: ['24 x 330 ml'], price: [999, 1699] },
    ],
    stock: [12, 120],
    lowPercent: 6,
    leadTimeDays: [2, 7],
  },
  {
    key: 'household',
    skuPrefix: 'HOU',
    brands: ['Fine', 'Clorox', 'Persil', 'Dettol', 'Sanita', 'Nuvo'],
    templates: [
      { item: 'Tissue Box', unit: 'each', packSize: 30, sizes: ['150 sheets', '200 sheets'], price: [99, 249] },
      { item: 'Toilet Paper', unit: 'each', packSize: 8, sizes: ['8 rolls', '16 rolls'], price: [349, 999] },
      { item: 'Bleach', unit: 'each', packSize: 12, sizes: ['1 l', '3.78 l'], price: [149, 499] },
      { item: 'Laundry Detergent', unit: 'each', packSize: 6, sizes: ['3 kg', '6 kg'], price: [899, 2199] },
      { item: 'Dish Soap', unit: 'each', packSize: 12, sizes: ['750 ml', '1.5 l'], price: [179, 449] },
      { item: 'Garbage Bags', unit: 'each', packSize: 24, sizes: ['30 pcs', '50 pcs'], price: [149, 349] },
      { item: 'Hand Soap', unit: 'each', packSize: 24, sizes: ['500 ml'], price: [199, 399] },
    ],
    stock: [3, 40],
    lowPercent: 10,
    leadTimeDays: [3, 14],
  },
  {
    key: 'bakery',
    skuPrefix: 'BAK',
    brands: ['Wooden Bakery', 'Moulin d\'Or', 'Shamsine', 'Le Blé'],
    templates: [
      { item: 'Arabic Bread Large', unit: 'each', packSize: null, sizes: ['pack of 6'], price: [49, 129] },
      { item: 'Arabic Bread Small', unit: 'each', packSize: null, sizes: ['pack of 10'], price: [49, 129] },
      { item: 'Kaak Sesame', unit: 'each', packSize: null, sizes: ['1 pc', 'pack of 4'], price: [49, 249] },
      { item: 'Toast Bread White', unit: 'each', packSize: null, sizes: ['600 g'], price: [149, 299] },
      { item: 'Croissant Zaatar', unit: 'each', packSize: null, sizes: ['1 pc'], price: [69, 149] },
      { item: 'Maamoul Dates', unit: 'kg', packSize: null, sizes: ['loose'], price: [899, 1599] },
    ],
    stock: [8, 60],
    lowPercent: 15,
    leadTimeDays: [1, 1],
  },
];
